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
      "full_text" : "Laura Bononcini: long form post #Facebook (quindi non solo nel #giornalismo) #pasocial https://t.co/dEydQsY4yc",
      "lang" : "it"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "666590434948022272"
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
              "19",
              "28"
            ]
          }
        ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "B. Antonello Barone",
            "screen_name" : "Antonello2011",
            "indices" : [
              "3",
              "17"
            ],
            "id_str" : "300000001",
            "id" : "300000001"
          },
          {
            "name" : "Ubaldo Maggio",
            "screen_name" : "ubimaggio",
            "indices" : [
              "29",
              "39"
            ],
            "id_str" : "300000002",
            "id" : "300000002"
          },
          {
            "name" : "Matteo Renzi",
            "screen_name" : "matteorenzi",
            "indices" : [
              "112",
              "124"
            ],
            "id_str" : "18762875",
            "id" : "18762875"
          }
        ],
        "urls" : [ ]
      },
      "display_text_range" : [
        "0",
        "128"
      ],
      "favorite_count" : "0",
      "id_str" : "666590434948022272",
      "truncated" : false,
      "retweet_count" : "6",
      "id" : "666590434948022272",
      "created_at" : "Tue Nov 17 12:15:19 +0000 2015",
      "favorited" : false,
      "full_text" : "RT @Antonello2011: #pasocial @ubimaggio \"copriamo sempre con live streaming gli interventi pubblico del presidente @matteorenzi\"",
      "lang" : "it"
    }
  },
  {
    "tweet" : {
      "edit_info" : {
        "initial" : {
          "editTweetIds" : [
            "666612018836406273"
          ],
          "editableUntil" : "2015-11-17T11:42:47.000Z",
          "editsRemaining" : "5",
          "isEditEligible" : true
        }
      },
      "retweeted" : false,
      "source" : "<a href=\"http://twitter.com/download/android\" rel=\"nofollow\">Twitter for Android</a>",
      "entities" : {
        "hashtags" : [ ],
        "symbols" : [ ],
        "user_mentions" : [
          {
            "name" : "Divulgazione UniTS",
            "screen_name" : "UniTwitTS",
            "indices" : [
              "0",
              "10"
            ],
            "id_str" : "300000003",
            "id" : "300000003"
          }
        ],
        "urls" : [
          {
            "url" : "https://t.co/Pr0gr4mma",
            "expanded_url" : "http://www.pasocial.info/programma",
            "display_url" : "www.pasocial.info/programma",
            "indices" : [
              "48",
              "71"
            ]
          }
        ]
      },
      "display_text_range" : [
        "0",
        "70"
      ],
      "favorite_count" : "1",
      "id_str" : "666612018836406273",
      "truncated" : false,
      "retweet_count" : "0",
      "id" : "666612018836406273",
      "created_at" : "Tue Nov 17 13:41:05 +0000 2015",
      "favorited" : false,
      "full_text" : "@UniTwitTS grazie &amp; a presto! Il programma: https://t.co/Pr0gr4mma",
      "lang" : "it",
      "in_reply_to_status_id_str" : "666601679877046279",
      "in_reply_to_status_id" : "666601679877046279",
      "in_reply_to_user_id" : "300000003",
      "in_reply_to_user_id_str" : "300000003",
      "in_reply_to_screen_name" : "UniTwitTS"
    }
  }
]