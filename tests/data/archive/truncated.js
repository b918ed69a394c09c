window.YTD.tweets.part0 = [
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "666567148172214272"
          ],
          "editableUntil" : "2015-11-17T11:42:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "pasocial",
            "indices" : [
              "77",
              "86"
            ]
          },
          {
            "text" : "italiasicura",
            "indices" : [
              "87",
              "100"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Francesco Di Costanzo",
            "screen_name" : "fdicos10",
            "indices" : [
              "101",
              "110"
            ],
            "id_str" : "14390470",
            "id" : "14390470"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "119"
      ],
      "favorite_count" : "5",
      "id_str" : "666567148172214272",
      "truncated" : false,
      "retweet_count" : "3",
      "id" : "666567148172214272",
      "created_at" : "Tue Nov 17 10:42:47 +0000 2015",
      "favorited" : false,
      "full_text" : "Lavoro, servizi, innovazione e nuovi linguaggi: questi i focus attorno ai quali ruota #pasocial #italiasicura @fdicos10",
      "lang" : "it"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "666581022929846272"
          ],
          "editableUntil" : "2015-11-17T11:42:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [
          {
            "text" : "Facebook",
            "indices" : [
              "32",
              "41"
            ]
          },
          {
            "text" : "giornalismo",
            "indices" : [
              "63",
              "75"
            ]
          },
          {
            "text" : "pasocial",
            "indices" : [
              "77",
              "86"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [ ],
        "urls" : [ ],
        "media" : [
          {
            "expanded_url" : "https://twitter.com/SaraDurantini/status/666581022929846272/photo/1",
            "indices" : [
              "87",
              "110"
            ],
            "url" : "https://t.co/dEydQsY4yc",
            "media_url" : "http://pbs.twimg.com/media/CT-example.jpg",
            "id_str" : "666581020000000000",
            "id" : "666581020000000000",
            "media_url_https" : "https://pbs.twimg.com/media/CT-example.jpg",
            "type" : "photo",
            "display_url" : "pic.twitter.com/dEydQsY4yc"
          }
        ]
      },
      "display_text_range" : [
        "0",
        "110"
      ],
      "favorite_count" : "9",
      "id_str" : "666581022929846272",
      "truncated" : false,
      "retweet_count" : "4",
      "id" : "666581022929846272",
      "created_at" : "Tue Nov 17 11:37:55 +0000 2015",
      "favorited" : false,
      "full_text" : "Laura Bononcini